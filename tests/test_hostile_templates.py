"""Hostile user templates (issue 15): a template that loops a huge number of times, builds a huge text or number,
or recurses ends with RG705 at the template's file and line, exit 1, in bounded time and memory: never exit 3,
never a hang. The subprocess's time-out and memory limit only catch a hang or a runaway, they measure nothing."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys

import pytest

from .conftest import EXAMPLE, ROOT

HOSTILE = {
    "repeat": '{{ "x" * 10**9 }}',
    "repeat-list": "{{ ([1] * 10**9) | length }}",
    "power": "{{ 2 ** 100000 }}",
    "nested-loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "long-output": "{% for i in range(100000) %}一二三四五六七八九十{% endfor %}",
    "doubling": '{% set ns = namespace(a="xxxxxxxxxx") %}{% for i in range(60) %}'
                '{% set ns.a = ns.a ~ ns.a %}{% endfor %}{{ ns.a|length }}',
    "join": '{{ range(100000) | join("x" * 100000) }}',
    "centre": '{{ "x".center(10**9) }}{{ "x"|center(10**9) }}',
    "macro-recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "include-itself": '{% include "sections/lead.j2" %}',
}


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 * 2 ** 30, 3 * 2 ** 30))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_template_is_rg705_at_its_file(tmp_path, name):
    source = tmp_path / "in.yaml"
    shutil.copyfile(EXAMPLE, source)
    template = tmp_path / "templates" / "sections" / "lead.j2"
    template.parent.mkdir(parents=True)
    template.write_text("会议召开。\n" + HOSTILE[name] + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(source), "-o", str(tmp_path / "out"),
                           "-f", "docx"], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          preexec_fn=_limits)
    assert done.returncode == 1, done.stderr[-2000:]
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{source}: {template}:"), line
    assert " RG705 模板的运算超出限制" in line, line
    assert not (tmp_path / "out").exists()


def test_ordinary_templates_are_not_limited():
    from reportgen.templating import Templates

    text = Templates().env.from_string('{{ "一" * 1000 }}{% for i in range(5000) %}{{ i }}{% endfor %}').render()
    assert len(text) == 1000 + sum(len(str(i)) for i in range(5000))


def test_only_a_users_template_code_is_traced(tmp_path, monkeypatch):
    """The line tracer that bounds a template's steps slows every line it watches: our own templates run
    without it, a user's template (or a built-in one including a user's) with it."""
    import sys

    from reportgen.templating import Templates

    calls = []
    real = sys.settrace
    monkeypatch.setattr(sys, "settrace", lambda f: calls.append(f) or real(f))
    from reportgen.pipeline import prepare

    prepare(EXAMPLE)  # every template of the example is ours
    assert calls == []
    folder = tmp_path / "templates"
    (folder / "sections").mkdir(parents=True)
    (folder / "mine.j2").write_text("{% for i in range(3) %}{{ i }}{% endfor %}", encoding="utf-8")
    (folder / "wrap.j2").write_text('前{% include "mine.j2" %}后', encoding="utf-8")
    theirs = Templates([folder])
    assert theirs.render("mine.j2") == "012" and calls
    calls.clear()
    assert theirs.render("wrap.j2") == "前012后" and calls
    calls.clear()
    assert theirs.render("sections/attachment_label.j2", number=2) == "附件2" and calls == []
