"""Importing contributions written in Word (.docx) as submission files."""
