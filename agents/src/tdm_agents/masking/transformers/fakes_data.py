"""Word lists the fake-data transformers draw from, per locale (small, reviewable, no real person)."""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of a long literal (keeps the lists readable and diffable)."""
    return tuple(text.split())


FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "en": _words(
        "Olivia Liam Emma Noah Ava Oliver Sophia Elijah Isabella James Mia William Amelia Benjamin Harper "
        "Lucas Evelyn Henry Abigail Theodore Ella Jack Scarlett Levi Grace Alexander Chloe Jackson Riley "
        "Mateo Nora Daniel Lily Michael Hazel Mason Aurora Sebastian Zoey Ethan Stella Logan Hannah Owen "
        "Violet Samuel Lucy Jacob Paisley Asher Naomi"
    ),
    "fr": _words(
        "Camille Louise Léa Ambre Agathe Jade Julia Mila Alice Chloé Inès Emma Rose Anna Lina Gabriel Léo "
        "Raphaël Arthur Louis Lucas Adam Jules Hugo Maël Liam Noah Paul Nathan Sacha Tom Théo Victor "
        "Aaron Eden Clément Margaux Romane Manon Zoé Valentin Baptiste Timothée Capucine Apolline"
    ),
    "de": _words(
        "Emilia Hannah Emma Sofia Mia Lina Mila Ella Leni Clara Lea Marie Anna Luisa Frieda Noah Matteo "
        "Elias Finn Leon Theo Paul Emil Henry Ben Luis Felix Jonas Anton Maximilian Lukas Moritz Jakob "
        "Greta Ida Mathilda Johanna Paula Karl Oskar Friedrich Konstantin"
    ),
    "es": _words(
        "Lucía Sofía Martina María Julia Paula Valeria Emma Daniela Carla Alba Noa Olivia Sara Carmen Hugo "
        "Martín Lucas Mateo Leo Daniel Alejandro Pablo Manuel Álvaro Adrián David Mario Enzo Diego Marcos "
        "Izan Javier Marco Álex Bruno Oliver Miguel Thiago Antonio Marc"
    ),
    "pt": _words(
        "Helena Alice Laura Maria Valentina Heloísa Cecília Júlia Sophia Isabella Manuela Beatriz Lorena "
        "Miguel Arthur Gael Théo Heitor Ravi Davi Bernardo Noah Gabriel Samuel Pedro Lorenzo Benjamin "
        "Matheus Lucas Rafael Joaquim Nicolas Guilherme Henrique"
    ),
    "it": _words(
        "Sofia Aurora Giulia Ginevra Vittoria Beatrice Alice Ludovica Emma Matilde Leonardo Francesco "
        "Alessandro Lorenzo Mattia Tommaso Gabriele Andrea Riccardo Edoardo Matteo Giuseppe Nicolò Antonio "
        "Federico Diego Davide Christian Chiara Martina Anna Giorgia"
    ),
}
LAST_NAMES: dict[str, tuple[str, ...]] = {
    "en": _words(
        "Abbott Ashford Barlow Bramley Calloway Carrington Dalton Davenport Ellery Fairchild Fenwick "
        "Galloway Granger Hadley Hartwell Holloway Ingram Kendrick Langley Larkin Lockwood Mayfield "
        "Merriweather Northcott Oakley Pemberton Prescott Quincy Radcliffe Redding Rowntree Sheffield "
        "Stanton Thackeray Underwood Vance Wainwright Whitlock Winslow Yardley"
    ),
    "fr": _words(
        "Arnaud Baudry Besnard Carpentier Chevalier Delorme Duval Fleury Garnier Guillot Hervé Jacquet "
        "Lacroix Lambert Lefèvre Marchand Mercier Morel Noël Perrin Picard Renaud Rolland Roussel Tessier "
        "Vasseur Vidal Joly Blanchard Brunet"
    ),
    "de": _words(
        "Albrecht Bachmann Brandt Dietrich Engel Falk Franke Graf Hartmann Heinrich Huber Kaiser Keller "
        "Krämer Lang Lehmann Lorenz Möller Neumann Otto Peters Ritter Sauer Seidel Stein Vogel Winkler "
        "Ziegler"
    ),
    "es": _words(
        "Aguilar Blanco Cabrera Campos Castillo Cortés Delgado Domínguez Espinosa Fuentes Gallego Guerrero "
        "Herrera Iglesias León Lozano Marín Medina Molina Ortega Pascual Prieto Ramos Rubio Santana Serrano "
        "Soler Vázquez Vega"
    ),
    "pt": _words(
        "Almeida Barbosa Cardoso Carvalho Castro Correia Costa Dias Fernandes Ferreira Freitas Gomes "
        "Lopes Machado Marques Martins Mendes Moreira Nunes Pinto Ramos Ribeiro Rocha Soares Teixeira Vieira"
    ),
    "it": _words(
        "Barbieri Benedetti Bernardi Caputo Colombo Conti Costa De Luca Esposito Fabbri Ferrara Galli Gatti "
        "Greco Leone Lombardi Mancini Marchetti Mariani Martinelli Monti Moretti Palumbo Rinaldi Romano "
        "Santoro Serra Testa Villa"
    ),
}
STREETS: tuple[str, ...] = _words(
    "Maple Cedar Willow Juniper Hawthorn Linden Birch Aspen Chestnut Magnolia Sycamore Alder Rowan "
    "Laurel Heather Meadow Orchard Brook Harbor Summit Lantern Falcon Sparrow Heron Quarry Mill Garden"
)
STREET_KINDS: tuple[str, ...] = ("Street", "Avenue", "Road", "Lane", "Way", "Drive", "Court", "Place")
LOCALES = tuple(FIRST_NAMES)
