from corpusfmt.cli import main

raise SystemExit(main())
