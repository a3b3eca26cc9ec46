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
