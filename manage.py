#!/usr/bin/env python
"""Django's command-line utility for the newsroom."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    # Commands may use the laptop key under var/ when no SECRET_KEY is set; serving never does.
    os.environ.setdefault("NEWSROOM_MANAGEMENT_COMMAND", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
