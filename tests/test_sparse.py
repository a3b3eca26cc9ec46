from vectorstore import sparse


def test_tokens_drop_stopwords_and_fold_plurals() -> None:
    assert sparse.tokens("What are the biopsies and tests?") == ["biopsy", "test"]


def test_hyphenated_terms_keep_whole_and_parts() -> None:
    assert {"pd-l1", "pd", "l1"} <= set(sparse.tokens("PD-L1 score"))


def test_document_vector_saturates_repeated_terms() -> None:
    once = sparse.document_vector("egfr")
    many = sparse.document_vector("egfr " * 20)
    assert many.values[0] > once.values[0]
    assert many.values[0] < 20 * once.values[0]


def test_query_and_document_share_indices() -> None:
    q = sparse.query_vector("Tagrisso side effects")
    d = sparse.document_vector("Side effects of Tagrisso include rash.")
    assert set(q.indices) <= set(d.indices)


def test_a_greek_sis_noun_shares_its_root_with_its_other_forms() -> None:
    """'diagnosed' in a question is held by a section that says 'diagnosis'."""
    assert sparse.root("diagnosis") == sparse.root("diagnosed") == sparse.root("diagnoses")
    assert sparse.root("metastasis") == sparse.root("metastases")
    assert sparse.root("this") == "this"


def test_what_a_contraction_leaves_behind_is_not_a_word() -> None:
    """'she'll' must not make 'll' a telling word that no section holds."""
    assert [w for w, _ in sparse.words_and_tokens("does that mean she'll live longer? he won't talk")] == [
        "mean",
        "live",
        "longer",
        "talk",
    ]
