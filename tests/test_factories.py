"""The factories make what they promise, so other tests can rely on them."""

from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, editor, journalist


def test_article_factory_makes_a_live_story_with_bylines(db):
    first, second = AuthorFactory(), AuthorFactory()
    story = ArticleFactory(authors=[first, second], hero_image=ImageFactory())
    assert story.is_live
    assert [b.author for b in story.bylines.all()] == [first, second]
    assert story.hero_image.width == 1600


def test_role_helpers_put_users_in_groups(db):
    assert journalist().groups.get().name == "Journalists"
    assert editor().groups.get().name == "Editors"
    assert editor().check_password("correct-horse-battery")
