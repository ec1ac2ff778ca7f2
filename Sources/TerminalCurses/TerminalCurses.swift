enum TerminalCursesModule {}
