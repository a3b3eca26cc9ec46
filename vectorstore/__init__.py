"""The knowledge base: corpus parsing, embeddings, the embedded Qdrant index and hybrid retrieval."""
