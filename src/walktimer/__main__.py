from walktimer.cli import main

raise SystemExit(main())
