"""kg: a knowledge-graph builder for ASEAN smart-city cooperation releases."""

__version__ = "0.1.0"
