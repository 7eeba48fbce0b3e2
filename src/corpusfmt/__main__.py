from corpusfmt._cli import main

raise SystemExit(main())
