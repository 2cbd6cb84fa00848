"""Planted defects, one module per family; each function plants one class and records it."""
