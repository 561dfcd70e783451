"""Demo data: a project-based engineering company (Northwind) and a small second tenant (Contoso).

This app sits above every app it fills and only calls their models and services; nothing imports it.
"""
