"""Entry script for a frozen build: the same as `csm-desk` on the command line."""

from csm_desk.__main__ import main

raise SystemExit(main())
