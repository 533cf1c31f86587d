"""Stored example output renders as a result block of its own (hooks/example_output.py)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from example_output import split_outputs  # noqa: E402


def test_comment_output_becomes_a_result_block() -> None:
    page = '```py title="a.py"\nx = 1\nprint(x)\n#> 1\ny = 2\n```\n'
    assert split_outputs(page) == (
        '```py title="a.py"\nx = 1\nprint(x)\n```\n\n'
        "```{ .text .example-output }\n1\n```\n\n"
        "```py\ny = 2\n```\n"
    )


def test_a_stored_output_string_becomes_a_result_block() -> None:
    page = '```py\nprint("a\\nb")\n"""\na\nb\n"""\n```'
    assert (
        split_outputs(page)
        == '```py\nprint("a\\nb")\n```\n\n```{ .text .example-output }\na\nb\n```'
    )


def test_a_multiline_string_in_the_code_stays_code() -> None:
    page = '```py\ntext = """\n#> not output\n"""\nprint(text)\n#> #> not output\n```'
    out = split_outputs(page)
    assert out.startswith('```py\ntext = """\n#> not output\n"""\nprint(text)\n```')
    assert out.endswith("```{ .text .example-output }\n#> not output\n```")


def test_output_inside_an_indented_block_stays_in_place() -> None:
    page = "```py\nfor i in [1]:\n    print(i)\n    #> 1\n```"
    assert split_outputs(page) == page


def test_blocks_inside_tabs_keep_their_indentation() -> None:
    page = '=== "A"\n\n    ```py\n    print(1)\n    #> 1\n    ```\n'
    assert split_outputs(page) == (
        '=== "A"\n\n    ```py\n    print(1)\n    ```\n\n'
        "    ```{ .text .example-output }\n    1\n    ```\n"
    )


def test_skipped_and_other_blocks_are_left_alone() -> None:
    for page in ['```py test="skip"\nprint(1)\n#> 1\n```', "```yaml\n#> x\n```"]:
        assert split_outputs(page) == page
