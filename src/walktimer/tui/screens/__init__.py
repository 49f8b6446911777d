"""The app's screens: home, before the walk, the walk, the end of the walk, and dialogs."""
