"""What the demo loader has created before (home.models.DemoRecord).

The loader adds a demo item only when its key was never recorded: an item an editor deleted is
not brought back by the next `make run`. Items found already present are recorded too, so a
database loaded before these records existed is covered from its next run on."""

from home.models import DemoRecord


class DemoRecords:
    def __init__(self):
        self.model = DemoRecord
        self.keys = set(DemoRecord.objects.values_list("key", flat=True))

    def seen(self, key):
        return key in self.keys

    def remember(self, key):
        if key not in self.keys:
            self.model.objects.get_or_create(key=key)
            self.keys.add(key)
