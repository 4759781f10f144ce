from django.core.management.base import BaseCommand

from search import vocabulary


class Command(BaseCommand):
    help = "Rebuilds the suggestion vocabulary (titles, topics, labels, approved terms)."

    def handle(self, *args, **options):
        count = vocabulary.rebuild()
        self.stdout.write(f"Search vocabulary rebuilt: {count} pages.")
