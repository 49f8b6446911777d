"""walktimer: a terminal interval-walking timer for people who walk to ease lower back pain."""

__version__ = "0.1.0"
