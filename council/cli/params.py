"""Types of command-line values: a one-line text refuses what the web forms refuse."""

import click

from council.plain_text import CONTROL_IN_TEXT, LINE_BREAK_OR_CONTROL, one_line_problem


class OneLineText(click.ParamType):
    """A name, an address, a title: one line, without control or text-direction characters."""

    name = "text"

    def convert(self, value, param, ctx):
        if isinstance(value, str) and one_line_problem(value):
            self.fail(
                "must be one line, without control or text-direction characters "
                f"(found {_first_offender(value)!r})",
                param,
                ctx,
            )
        return value


def _first_offender(value: str) -> str:
    match = LINE_BREAK_OR_CONTROL.search(value)
    return match.group() if match else next(c for c in value if one_line_problem(c))


ONE_LINE = OneLineText()


class MultiLineText(click.ParamType):
    """A description: line breaks and tabs, never another control character."""

    name = "text"

    def convert(self, value, param, ctx):
        if isinstance(value, str) and CONTROL_IN_TEXT.search(value):
            self.fail("must not contain control characters", param, ctx)
        return value


TEXT = MultiLineText()
