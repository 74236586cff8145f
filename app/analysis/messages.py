"""Messages an analysis gives in English that a page shows in its reader's language.

An analysis result that explains itself ("cannot fit: too short: 4 years with data ...")
must read in English in a JSON export or a test, and in the reader's language on a page;
the analysis runs once for both (its results are memoised). A :class:`Message` is that
English text, a plain ``str``, which also keeps its message id (marked for the catalog
with :func:`app.i18n.N_`) and its values, so :meth:`Message.translated` can say it again in
the language of the request.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Message"]


class Message(str):
    """English text (a ``str``) that remembers its message id and named values.

    Values may be Messages themselves (a reason inside "cannot fit: {why}"); numbers keep
    their format spec in the message id ("{r2:.3f}"). Pickles and compares as its text.

    Examples
    --------
    >>> why = Message("too short: {n} years", n=4)
    >>> reason = Message("cannot fit: {why}", why=why)
    >>> reason, reason.startswith("cannot fit: too short")
    ('cannot fit: too short: 4 years', True)
    >>> import pickle
    >>> pickle.loads(pickle.dumps(reason)).values["why"].template
    'too short: {n} years'
    """

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Message:
        text = template.format(**values) if values else template
        message = super().__new__(cls, text)
        message.template, message.values = template, values
        return message

    def __getnewargs__(self) -> tuple[str]:
        # unpickling calls __new__ with the text; the id and values come back as its state
        return (str(self),)

    def translated(self, translate_value=None) -> str:
        """The message in the current language (:func:`app.i18n.gettext`).

        Nested Messages are translated too; ``translate_value(name, value)``, if given,
        says how another value is shown (a model or stage id by its label), else values
        go in as they are.
        """
        from app.i18n import gettext

        values = {
            name: (
                value.translated(translate_value)
                if isinstance(value, Message)
                else translate_value(name, value)
                if translate_value
                else value
            )
            for name, value in self.values.items()
        }
        text = gettext(self.template)
        return text.format(**values) if values else text
