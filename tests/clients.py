"""Test clients for the desk: a browser signed in as someone, or signed out."""

from django.test import Client


def client_for(user):
    """A client signed in as ``user`` (staff pass the second step too, see conftest), or signed out for None."""
    client = Client()
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client
