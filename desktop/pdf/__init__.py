"""The built-in PDF writer: system CJK fonts (HarfBuzz), a paginating layout of paragraphs and tables, PDF objects written directly."""
