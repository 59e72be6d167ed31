"""Every piece of user-facing Chinese text is marked for translation (STYLE.md, point 13).

Python: a string literal with Chinese in it must be the argument of a gettext function
(``_``, ``gettext``, ``gettext_lazy``, ``ngettext``, ``pgettext`` …) or a docstring; an
f-string with Chinese in it cannot be translated and is always wrong. Fictional demo data,
migrations (frozen copies of the models) and strings that are data rather than text shown
to a user (aliases the import accepts, say) are left alone; the last are marked on their
line with ``# not-ui`` and a reason.

Templates: Chinese may appear only inside ``{% translate %}``, ``{% blocktranslate %}``
blocks, ``_("…")`` arguments and comments. JavaScript files carry no Chinese: the pages
give the scripts their text.
"""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.template.base import Lexer, TokenType

ROOT = Path(settings.BASE_DIR)
APPS = ["accounts", "units", "people", "talent_pool", "meetings", "roster_site", "bench"]
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
# Fictional data, not interface text.
DATA_FILES = {"demo.py", "generate_roster.py"}


def python_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path.name in DATA_FILES:
                continue
            yield path


def _call_name(node) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def unmarked_python(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            allowed.add(id(node.value))  # docstrings and bare strings
        if isinstance(node, ast.Call) and _call_name(node) in GETTEXT:
            for arg in node.args:
                allowed.add(id(arg))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                v.value
                for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
            if CHINESE.search(text) and "# not-ui" not in lines[node.lineno - 1]:
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: f-string {text[:30]!r}")
            for value in node.values:
                allowed.add(id(value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in allowed or not CHINESE.search(node.value):
                continue
            if "# not-ui" in lines[node.lineno - 1] or "# not-ui" in lines[node.end_lineno - 1]:
                continue
            problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:30]!r}")
    return problems


def test_python_interface_text_is_marked_for_translation():
    problems = [p for path in python_files() for p in unmarked_python(path)]
    assert problems == [], f"{len(problems)} unmarked strings:\n" + "\n".join(problems[:80])


SIMPLE_NAME = re.compile(r"^\s*\w+\s*$")
TRANSLATED_ARGUMENT = re.compile(r"""_\(\s*(?:"[^"]*"|'[^']*')\s*\)""")


def unmarked_template(path: Path) -> list[str]:
    problems = []
    inside = None  # the block that makes text translatable or ignorable
    for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
        content = token.contents
        if token.token_type == TokenType.COMMENT:
            continue
        if token.token_type == TokenType.BLOCK:
            tag = content.split(" ", 1)[0]
            if inside:
                if tag in {"endblocktranslate", "endblocktrans", "endcomment"}:
                    inside = None
                continue
            if tag in {"blocktranslate", "blocktrans"}:
                inside = tag
                continue
            if tag == "comment":
                inside = tag
                continue
            if tag in {"translate", "trans"}:
                continue
        if inside:
            # Django renders {{ obj.attr }} or {{ x|filter }} inside blocktranslate as an
            # empty string, silently: only plain names (bound with "with").
            if (
                inside.startswith("blocktrans")
                and token.token_type == TokenType.VAR
                and not SIMPLE_NAME.match(content)
            ):
                problems.append(f"{path.relative_to(ROOT)}:{token.lineno}: {{{{ {content} }}}}")
            continue
        rest = TRANSLATED_ARGUMENT.sub("", content)
        if CHINESE.search(rest):
            text = " ".join(rest.split())
            problems.append(f"{path.relative_to(ROOT)}:{token.lineno}: {text[:40]!r}")
    return problems


def test_template_interface_text_is_marked_for_translation():
    problems = [
        p for path in sorted((ROOT / "templates").rglob("*.html")) for p in unmarked_template(path)
    ]
    assert problems == [], f"{len(problems)} unmarked texts:\n" + "\n".join(problems[:80])


def test_scripts_carry_no_chinese_of_their_own():
    problems = []
    for path in sorted((ROOT / "static" / "js").rglob("*.js")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("//", 1)[0]
            if CHINESE.search(code):
                problems.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:40]}")
    assert problems == []


def test_the_checks_see_what_they_are_for(tmp_path):
    module = tmp_path / "example.py"
    module.write_text(
        '"""文档。"""\n'
        "from django.utils.translation import gettext as _\n"
        'A = _("已标记")\n'
        'B = "未标记"\n'
        'C = f"未标记{A}"\n'
        'D = "别名"  # not-ui: an alias the import accepts\n',
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = unmarked_python(module)
        template = tmp_path / "page.html"
        template.write_text(
            '{% load i18n %}<h1>{% translate "标题" %}</h1><p>正文</p>{# 注释 #}'
            "{% blocktranslate %}共 {{ n }} 人{% endblocktranslate %}"
            "{% blocktranslate %}共 {{ page.n }} 人{% endblocktranslate %}"
            '{{ value|default:_("未填") }}{{ value|default:"未填" }}',
            encoding="utf-8",
        )
        found_in_template = unmarked_template(template)
    finally:
        ROOT = saved
    assert [line.split(": ", 1)[1] for line in found] == ["'未标记'", "f-string '未标记'"]
    assert [line.split(": ", 1)[1] for line in found_in_template] == [
        "'</h1><p>正文</p>'",
        "{{ page.n }}",
        "'value|default:\"未填\"'",
    ]


if __name__ == "__main__":  # python -m tests.test_translation_marking [path prefix …]
    import sys

    prefixes = sys.argv[1:] or [""]
    found = [p for path in python_files() for p in unmarked_python(path)]
    found += [
        p for path in sorted((ROOT / "templates").rglob("*.html")) for p in unmarked_template(path)
    ]
    found = [p for p in found if any(p.startswith(prefix) for prefix in prefixes)]
    print("\n".join(found))
    print(f"{len(found)} unmarked")
