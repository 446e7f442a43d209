"""CBEC Grant Desk (跨境电商政策申报助手): the headless core and its command line."""

__version__ = "0.1.0"
