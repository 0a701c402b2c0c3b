from jimcode.cli import main

main()
