"""``python -m tocsin_shared.cli`` is the ``tocsin`` command."""

from tocsin_shared.cli import main

main()
