"""Answer composition: whole sections of the knowledge base, cited, for one question.

`compose_answer(question, passages, profile)` is the one entry point. It is pure: it calls no
retriever; the retrieve node fetches every section the answer may use.
"""

from .compose import MIN_FIT, Answer, compose_answer, dosing_answer, question_parts

__all__ = ["MIN_FIT", "Answer", "compose_answer", "dosing_answer", "question_parts"]
