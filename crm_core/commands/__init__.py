"""Sub-commands of ``python -m crm_core``: one module per area, each with ``register``.

``register(subparsers)`` adds the area's parsers and sets ``handler`` on each to a function
taking the parsed arguments and returning the exit status.
"""
