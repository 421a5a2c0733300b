"""Document templates: a small, human-editable text format (described in resources/templates/README.md).

A template is parsed into blocks once, checked against the placeholders and conditions a
document kind knows (unknown names are reported with file and line before any PDF is written),
then filled per language with already formatted values. Everything put into a block is escaped
for reportlab's Paragraph markup; only ``**bold**`` from the template text becomes ``<b>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg, register

register(
    "template_unknown_placeholder",
    "Template {file}, line {line}: unknown placeholder {{{{ {name} }}}}. Known placeholders: {known}.",
)
register(
    "template_unknown_condition",
    "Template {file}, line {line}: unknown condition '@if {name}'. Known conditions: {known}.",
)
register("template_unknown_instruction", "Template {file}, line {line}: unknown instruction '{text}'.")
register("template_unclosed_placeholder", "Template {file}, line {line}: a '{{{{' is not closed with '}}}}'.")
register("template_end_without_if", "Template {file}, line {line}: '@end' without an '@if' before it.")
register("template_if_without_end", "Template {file}, line {line}: '@if {name}' is never closed by '@end'.")
register("template_bad_row", "Template {file}, line {line}: a table row needs '| label | value |'.")

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
BOLD = re.compile(r"\*\*(.+?)\*\*")
DIRECTIVES = ("grant_lines", "signatures", "pagebreak")

BlockKind = str  # "title" | "heading" | "subheading" | "paragraph" | "bullets" | "fields" | directive names


@dataclass(frozen=True)
class Block:
    """One block of a parsed template, still holding raw template text (placeholders unresolved)."""

    kind: BlockKind
    line: int
    texts: tuple[str, ...] = ()  # paragraph/heading/title: 1 text; bullets: items
    rows: tuple[tuple[str, str], ...] = ()  # fields: (label, value)


@dataclass(frozen=True)
class Conditional:
    flag: str
    negate: bool
    line: int
    body: tuple[Node, ...]


Node = Block | Conditional


@dataclass(frozen=True)
class Template:
    name: str  # e.g. "en/mobility-agreement.txt"
    path: Path
    nodes: tuple[Node, ...]

    def placeholders(self) -> list[tuple[str, int]]:
        """Every placeholder name with its line (for validation)."""
        found: list[tuple[str, int]] = []
        for block, _ in _walk(self.nodes):
            for text in _block_texts(block):
                found.extend((name, block.line + offset) for name, offset in _names(text))
        return found

    def conditions(self) -> list[tuple[str, int]]:
        return [(node.flag, node.line) for _, node in _walk_all(self.nodes) if isinstance(node, Conditional)]

    def check(self, known: Iterable[str], flags: Iterable[str]) -> list[Problem]:
        known_set, flag_set = set(known), set(flags)
        problems = [
            Problem(
                "template",
                msg(
                    "template_unknown_placeholder",
                    file=self.path,
                    line=line,
                    name=name,
                    known=", ".join(sorted(known_set)),
                ),
            )
            for name, line in self.placeholders()
            if name not in known_set
        ]
        problems += [
            Problem(
                "template",
                msg(
                    "template_unknown_condition",
                    file=self.path,
                    line=line,
                    name=name,
                    known=", ".join(sorted(flag_set)),
                ),
            )
            for name, line in self.conditions()
            if name not in flag_set
        ]
        return problems


# ------------------------------------------------------------------------------------------ parsing
def parse(text: str, *, name: str, path: Path) -> Template:
    """Parse template text; raise ValidationError (with file and line) on malformed syntax."""
    problems: list[Problem] = []
    stack: list[tuple[Conditional | None, list[Node]]] = [(None, [])]
    para: list[str] = []
    para_line = 0
    bullets: list[str] = []
    bullets_line = 0
    rows: list[tuple[str, str]] = []
    rows_line = 0

    def emit(node: Node) -> None:
        stack[-1][1].append(node)

    def flush() -> None:
        nonlocal para, bullets, rows
        if para:
            emit(Block("paragraph", para_line, ("\n".join(para),)))
            para = []
        if bullets:
            emit(Block("bullets", bullets_line, tuple(bullets)))
            bullets = []
        if rows:
            emit(Block("fields", rows_line, rows=tuple(rows)))
            rows = []

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if "{{" in line and line.count("{{") != len(PLACEHOLDER.findall(line)):
            problems.append(Problem("template", msg("template_unclosed_placeholder", file=path, line=number)))
        if line.startswith(";"):
            continue
        if not line:
            flush()
            continue
        if line.startswith("@"):
            flush()
            words = line[1:].split()
            head = words[0] if words else ""
            if head == "if" and len(words) in (2, 3) and (len(words) == 2 or words[1] == "not"):
                negate = len(words) == 3
                stack.append((Conditional(words[-1], negate, number, ()), []))
            elif head == "end" and len(words) == 1:
                if len(stack) == 1:
                    problems.append(
                        Problem("template", msg("template_end_without_if", file=path, line=number))
                    )
                else:
                    cond, body = stack.pop()
                    assert cond is not None
                    emit(Conditional(cond.flag, cond.negate, cond.line, tuple(body)))
            elif head in DIRECTIVES and len(words) == 1:
                emit(Block(head, number))
            else:
                problems.append(
                    Problem(
                        "template", msg("template_unknown_instruction", file=path, line=number, text=line)
                    )
                )
            continue
        if line.startswith("### "):
            flush()
            emit(Block("subheading", number, (line[4:].strip(),)))
        elif line.startswith("## "):
            flush()
            emit(Block("heading", number, (line[3:].strip(),)))
        elif line.startswith("# "):
            flush()
            emit(Block("title", number, (line[2:].strip(),)))
        elif line.startswith("- "):
            if para or rows:
                flush()
            if not bullets:
                bullets_line = number
            bullets.append(line[2:].strip())
        elif line.startswith("|"):
            if para or bullets:
                flush()
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) != 2 or not line.endswith("|"):
                problems.append(Problem("template", msg("template_bad_row", file=path, line=number)))
                continue
            if not rows:
                rows_line = number
            rows.append((cells[0], cells[1]))
        else:
            if bullets or rows:
                flush()
            if not para:
                para_line = number
            para.append(line)
    flush()
    for cond, _ in stack[1:]:
        assert cond is not None
        problems.append(
            Problem("template", msg("template_if_without_end", file=path, line=cond.line, name=cond.flag))
        )
    if problems:
        raise ValidationError(problems)
    return Template(name, path, tuple(stack[0][1]))


def _names(text: str) -> list[tuple[str, int]]:
    """Placeholder names in a text with their line offset inside it."""
    found = []
    for match in PLACEHOLDER.finditer(text):
        found.append((match.group(1).strip(), text.count("\n", 0, match.start())))
    return found


def _block_texts(block: Block) -> list[str]:
    return [*block.texts, *(cell for row in block.rows for cell in row)]


def _walk_all(nodes: Iterable[Node], depth: int = 0) -> Iterable[tuple[int, Node]]:
    for node in nodes:
        yield depth, node
        if isinstance(node, Conditional):
            yield from _walk_all(node.body, depth + 1)


def _walk(nodes: Iterable[Node]) -> Iterable[tuple[Block, int]]:
    for depth, node in _walk_all(nodes):
        if isinstance(node, Block):
            yield node, depth


# ------------------------------------------------------------------------------------------ filling
@dataclass(frozen=True)
class Filled:
    """A block with its text resolved into Paragraph markup (escaped)."""

    kind: BlockKind
    texts: tuple[str, ...] = ()
    rows: tuple[tuple[str, str], ...] = ()


@dataclass
class Values:
    """Formatted placeholder values (plain text) and condition flags for one language."""

    text: Mapping[str, str]
    flags: Mapping[str, bool] = field(default_factory=dict)
    empty: str = "\u2013"


def markup(template_text: str, values: Values) -> str:
    """Template text -> Paragraph markup: escape, **bold**, placeholders filled and escaped."""
    tokens: list[str] = []

    def stash(match: re.Match[str]) -> str:
        tokens.append(match.group(1).strip())
        return f"\x00{len(tokens) - 1}\x00"

    marked = PLACEHOLDER.sub(stash, template_text)
    marked = BOLD.sub(r"<b>\1</b>", escape(marked))

    def value(index: int) -> str:
        raw = values.text.get(tokens[index], "")
        return escape(raw).replace("\n", "<br/>") if raw.strip() else values.empty

    return re.sub(r"\x00(\d+)\x00", lambda m: value(int(m.group(1))), marked).replace("\n", " ")


def fill(template: Template, values: Values) -> list[Filled]:
    out: list[Filled] = []

    def visit(nodes: Iterable[Node]) -> None:
        for node in nodes:
            if isinstance(node, Conditional):
                if bool(values.flags.get(node.flag, False)) != node.negate:
                    visit(node.body)
                continue
            out.append(
                Filled(
                    node.kind,
                    tuple(markup(t, values) for t in node.texts),
                    tuple((markup(a, values), markup(b, values)) for a, b in node.rows),
                )
            )

    visit(template.nodes)
    return out
