"""Every project command prints its (translated) help: argparse needs a real str."""

import pytest
from django.core.management import get_commands, load_command_class

PROJECT_APPS = {"accounts", "units", "people", "talent_pool", "meetings", "roster_site"}
COMMANDS = sorted((name, app) for name, app in get_commands().items() if app in PROJECT_APPS)


def test_the_project_has_its_commands():
    assert {"backup", "restore", "load_demo", "recount_person_tallies"} <= {n for n, _ in COMMANDS}


@pytest.mark.parametrize(("name", "app"), COMMANDS)
def test_help_is_printed_in_chinese(name, app):
    command = load_command_class(app, name)
    text = command.create_parser("manage.py", name).format_help()
    assert str(command.help) in text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(command.help))
