"""The Streamlit web chat."""
