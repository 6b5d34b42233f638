"""The top of a wizard page, as every wizard shows it (the EHAT's look): the form's title
over the page's title, the page's help, the legend for *, the banner counting the
questions that need attention, and the page in a frameless scroll area. Used by the form
wizard's pages (:mod:`ui.wizard.form_page`) and the review wizard's
(:mod:`ui.casework.review_pages`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

from ui.widgets.theme import guidance_style
from ui.wizard.banner import banner
from ui.wizard.editors.look import HELP_COLOUR, MUTED_COLOUR, tint

REQUIRED_LEGEND = "Questions marked * need an answer before you move on."


def form_title(text: str) -> QLabel:
    """The form's title (and who it is about), quiet, above the page's title."""
    title = QLabel(text)
    title.setObjectName("formTitle")
    title.setWordWrap(True)
    tint(title, HELP_COLOUR)
    return title


def page_title(text: str) -> QLabel:
    """The page's title, large and bold."""
    title = QLabel(text)
    title.setObjectName("pageTitle")
    title.setWordWrap(True)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    title.setFont(font)
    return title


def page_help(text: str) -> QLabel:
    """What the page is for, in the guidance box."""
    label = QLabel(text.strip())
    label.setObjectName("pageHelp")
    label.setWordWrap(True)
    label.setStyleSheet(guidance_style())
    return label


def required_legend() -> QLabel:
    legend = QLabel(REQUIRED_LEGEND)
    legend.setObjectName("requiredLegend")
    legend.setWordWrap(True)  # unwrapped, at 16 pt it made the page wider than the window
    tint(legend, MUTED_COLOUR)
    return legend


def problems_banner() -> QLabel:
    """The banner for "N questions need your attention", its room kept once shown."""
    label = banner("pageProblems")
    keep = label.sizePolicy()
    keep.setRetainSizeWhenHidden(True)  # gone once answered, the questions do not jump up
    label.setSizePolicy(keep)
    return label


def attention_text(count: int) -> str:
    noun = "question needs" if count == 1 else "questions need"
    return f"{count} {noun} your attention on this page: see the messages below."


def rule() -> QFrame:
    """The line between the page's header and its questions."""
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def page_scroll(body: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setObjectName("pageScroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll
