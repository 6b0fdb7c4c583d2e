"""The shipped examples' names, on their own: the command line's help lists them."""

EXAMPLES: tuple[str, ...] = ("herne", "kreis-soest", "gelsenkirchen")
