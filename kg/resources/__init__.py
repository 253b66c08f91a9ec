"""Package data: the ontology, the saved queries and the domain pack.

They live at the top of the source tree (ontology/, queries/, data/domain/),
where users and the command-line contract expect them; the links here put
them into the wheel, so an installed kg has them too. kg.settings uses the
source tree's folders when kg runs from a checkout, else these."""
