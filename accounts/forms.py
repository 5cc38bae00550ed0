from django import forms


class CodeForm(forms.Form):
    """One code: six digits from the authenticator app, or (where allowed) a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off", "spellcheck": "false"}
        ),
    )
