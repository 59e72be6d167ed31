"""The base of the project's management commands."""

from django.core.management.base import BaseCommand


class TranslatedCommand(BaseCommand):
    """A command whose ``help`` is marked for translation (a lazy string).

    argparse formats the description itself and cannot take a lazy string, so it is given
    the text in the active language.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = str(self.help)
        return parser
