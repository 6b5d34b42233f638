from server.cli import main
import sys
sys.exit(main())
