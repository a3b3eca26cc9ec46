"""What the page does around the chat: its styles, the help banner, scrolling to a new answer, announcing it."""

from __future__ import annotations

import json

import streamlit as st

from chatbot import Reply
from ui.components.copy import options, text

# Subtitle in the body colour, captions less faded (the theme's captions, body text at 0.6 opacity, measured
# 3.88:1, below WCAG AA's 4.5:1; at 0.8 about 7:1, in a light or a dark theme); the help banner stays at the top
# while the page scrolls; a message scrolled to keeps its first line clear of the banner and the header.
STYLE = """
<style>
[data-testid="stLayoutWrapper"]:has(> .st-key-help-banner) { position: sticky; top: 3.75rem; z-index: 999; }
.st-key-help-banner { background: #fff; }
.help-banner { background: #fdecea; color: #7a1010; border: 2px solid #b71c1c; border-radius: 0.5rem; padding: 0.6rem 0.9rem; }
.help-banner a { color: #7a1010; font-weight: 700; text-decoration: underline; margin-right: 0.6rem; white-space: nowrap; }
[data-testid="stChatMessage"] { scroll-margin-top: 5rem; }
.help-active [data-testid="stChatMessage"] { scroll-margin-top: 15rem; }
[data-testid="stCaptionContainer"] { opacity: 0.8; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>
"""


def render_style() -> None:
    st.html(STYLE)


def needs_help(reply: Reply) -> str | None:
    """'self_harm' or 'emergency' when the reply is about getting help now; None otherwise."""
    if "self_harm" in reply.safety.flags:
        return "self_harm"
    if reply.intent == "emergency" or "emergency" in reply.safety.flags:
        return "emergency"
    return None


def _dismiss() -> None:
    st.session_state.help_banner = None


def help_links() -> str:
    """Tap-to-call links for the numbers the banner names."""
    numbers: dict[str, str] = options("help_numbers")
    return " · ".join(f'<a href="tel:{number}">{label}</a>' for number, label in numbers.items())


def render_help_banner(kind: str | None) -> None:
    """The help banner at the top of the page, with tap-to-call links, until the person dismisses it."""
    if not kind:
        return
    st.html(f'<div class="help-banner" role="alert">{text(f"{kind}_banner")} {help_links()}</div>')
    st.button(text("help_dismiss"), on_click=_dismiss, key="help-dismiss", type="tertiary")


def announce(reply: Reply) -> None:
    """Tell screen readers a new answer is there, with its first line."""
    first_line = next((line.strip("*_ #") for line in reply.answer.splitlines() if line.strip()), "")
    st.html(f'<div class="sr-only" role="status" aria-live="polite">{text("new_answer")} {_html(first_line)}</div>')


def scroll_to(answer_index: int | None, help_active: bool, nonce: str) -> None:
    """Bring the start of an answer (None: the top of the page) into view.

    The chat view follows new content to the bottom by itself, so the scroll is repeated while the
    answer's sources and suggestions are still being drawn. `nonce` makes each request a new script.
    """
    target = "null" if answer_index is None else str(answer_index)
    script = f"""
<script>
(() => {{
  const index = {target};
  document.body.classList.toggle('help-active', {json.dumps(help_active)});
  const show = () => {{
    if (index === null) {{
      const main = document.querySelector('[data-testid="stAppScrollToBottomContainer"], .stMain');
      if (main) main.scrollTop = 0;
      window.scrollTo(0, 0);
      return;
    }}
    const replies = document.querySelectorAll(
      '[data-testid="stChatMessage"]:has([aria-label="Chat message from assistant"])');
    if (replies[index]) replies[index].scrollIntoView({{block: 'start'}});
  }};
  [50, 200, 500, 900, 1400, 2000].forEach((ms) => setTimeout(show, ms));
}})();
</script>
<!-- {_html(nonce)} -->
"""
    st.html(script, unsafe_allow_javascript=True)


def _html(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
