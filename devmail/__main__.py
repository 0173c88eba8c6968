import sys

from devmail.cli import main

sys.exit(main())
