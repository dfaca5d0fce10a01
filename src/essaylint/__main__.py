from essaylint.cli import main

raise SystemExit(main())
