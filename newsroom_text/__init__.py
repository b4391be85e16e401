"""Plain-Python text processing for the newsroom archive: no Django imports allowed here.

Django code (articles/, entities/) calls into this package; this package never calls Django,
so every step can be tested and benchmarked alone and run in any worker.
"""
