from django.db import models


class Case(models.Model):
    reference = models.CharField(max_length=30, unique=True, null=True)
    address = models.CharField(max_length=200)
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.reference or ""


class Member(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=50)
    id_number = models.CharField(max_length=18)
    relation = models.CharField(max_length=16)

    def __str__(self) -> str:
        return self.name


class ProgramRow(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="programs")
    code = models.CharField(max_length=40)
    state = models.CharField(max_length=20, default="submitted")

    def __str__(self) -> str:
        return self.code
