"""`python -m govpub` is the `govpub` command."""

from govpub.cli import main

raise SystemExit(main())
