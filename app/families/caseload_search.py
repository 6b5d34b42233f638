"""The caseload's search index: which rows hold each word typed, kept with the rows.

Every row's searchable text (names, reference, postcode; lowercase, read once by
:mod:`app.families.caseload`) is kept here by position, in the order rows arrived.
The rows holding a word are remembered once found; a longer word is then looked
for only among the rows holding the word it grew from (typing "tayl" after "tay"
looks at the rows that hold "tay", not at all 10,000), and Backspace finds the
shorter word already known. So a keystroke costs the rows still in play, never a
scan of every family's text; only a first letter looks at every row, once per
load, and the letters and digits are looked for ahead, while the window is idle.
What it finds is exactly what :func:`app.families.caseload.filter_rows` finds
(tests hold it to that).
"""

from __future__ import annotations

import string
from collections.abc import Collection, Sequence
from operator import attrgetter

from app.families.caseload import CaseloadFilter, CaseloadRow

KNOWN_WORDS = 512  # words whose rows are remembered (forgotten all at once beyond that)
KEPT_WHEN_ADDING = 32  # words brought up to date when rows arrive (more: forgotten)
# What a search starts with, found ahead once the rows are in (``learn_next_letter``,
# one at a time while the window is idle), so that a first key scans nothing either.
FIRST_LETTERS = string.ascii_lowercase + string.digits


_SEARCH_TEXT = attrgetter("search_text")


class CaseloadSearch:
    """Rows by position, their lowercase text, and the positions holding each word."""

    def __init__(self) -> None:
        self.rows: list[CaseloadRow] = []
        self._texts: list[str] = []
        self._known: dict[str, list[int]] = {}  # word -> positions holding it, ascending

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, rows: Sequence[CaseloadRow]) -> range:
        """Keep ``rows`` (after those already kept); returns their positions."""
        start = len(self.rows)
        self.rows.extend(rows)
        self._texts.extend(map(_SEARCH_TEXT, rows))
        added = range(start, len(self.rows))
        if len(self._known) > KEPT_WHEN_ADDING:  # cheaper found again than brought up to date
            self._known.clear()
        if added and self._known:
            texts = self._texts
            for word, positions in self._known.items():  # the new rows that hold each word
                positions.extend(i for i in added if word in texts[i])
        return added

    def positions_with(self, word: str) -> list[int]:
        """The positions whose text holds ``word`` (lowercase, no spaces), ascending."""
        known = self._known
        if word in known:
            return known[word]
        texts = self._texts
        shorter = word[1:]
        if shorter in known:  # typed at the front, or found before: narrow that
            return self._remember(word, [i for i in known[shorter] if word in texts[i]])
        cut = len(word) - 1
        while cut > 0 and word[:cut] not in known:
            cut -= 1
        if cut == 0:  # a first letter: every row, once per load
            found = self._remember(word[0], [i for i, t in enumerate(texts) if word[0] in t])
            cut = 1
        else:
            found = known[word[:cut]]
        for end in range(cut + 1, len(word) + 1):  # one letter more at a time, narrowing
            part = word[:end]
            found = self._remember(part, [i for i in found if part in texts[i]])
        return found

    def learn_next_letter(self) -> bool:
        """Find the rows holding one more of :data:`FIRST_LETTERS` not known yet; False
        (finding nothing) once every one is known."""
        known = self._known
        for letter in FIRST_LETTERS:
            if letter not in known:
                self.positions_with(letter)
                return True
        return False

    def _remember(self, word: str, positions: list[int]) -> list[int]:
        if len(self._known) >= KNOWN_WORDS:
            self._known.clear()
        self._known[word] = positions
        return positions

    def matching(self, text: str) -> Collection[int] | None:
        """The positions holding every word of ``text`` (a list for one word, as known; a
        set for several); None when nothing is typed."""
        words = text.lower().split()
        if not words:
            return None
        found = sorted((self.positions_with(word) for word in words), key=len)
        if len(found) == 1:
            return found[0]
        fewest = set(found[0])
        for other in found[1:]:
            if not fewest:
                break
            fewest.intersection_update(other)
        return fewest

    def shown(
        self, order: Sequence[int], place: Sequence[int], wanted: CaseloadFilter
    ) -> list[CaseloadRow]:
        """The rows matching ``wanted``, in ``order`` (positions; ``place[position]`` is
        where each comes in it)."""
        rows = self.rows
        matched = self.matching(wanted.text)
        if matched is None or len(matched) == len(rows):  # every row (a shared postcode area)
            out = list(map(rows.__getitem__, order))
        elif len(matched) * 8 < len(order):  # few: put them in order rather than scan it
            out = [rows[i] for i in sorted(matched, key=place.__getitem__)]
        else:
            held = matched if isinstance(matched, set) else set(matched)
            out = [rows[i] for i in order if i in held]
        if wanted.level:
            out = [r for r in out if r.level_code == wanted.level]
        if wanted.status:
            out = [r for r in out if r.status == wanted.status]
        if wanted.mine:
            out = [r for r in out if r.allocated_to == wanted.mine]
        return out
