from django import forms

from units.models import MemberUnit


class MemberUnitForm(forms.ModelForm):
    class Meta:
        model = MemberUnit
        fields = [
            "name",
            "short_name",
            "kind",
            "duties",
            "responsible_for",
            "liaison_name",
            "liaison_phone",
            "order",
            "is_active",
        ]
        widgets = {
            "duties": forms.Textarea(attrs={"rows": 6}),
            "responsible_for": forms.CheckboxSelectMultiple,
        }
