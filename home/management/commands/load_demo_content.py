from django.core.management.base import BaseCommand

from home.demo.loader import load


class Command(BaseCommand):
    help = (
        "Create the site structure and load the demo content. Safe to run again: adds only what is missing."
    )

    def handle(self, *args, **options):
        import logging

        logging.getLogger("wagtail").setLevel(logging.WARNING)  # one line per page is too much here
        report = load()
        if report.created:
            self.stdout.write(self.style.SUCCESS(f"Demo content: created {len(report.created)} items."))
        self.stdout.write(f"Demo content: {report.kept} items were already present and left unchanged.")
