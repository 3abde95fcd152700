from resumepilot.cli import main

main()
