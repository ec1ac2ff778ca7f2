public enum HallwayUIModule {}
