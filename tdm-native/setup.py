"""The C extension of tdm-native. `optional=True`: without a compiler the build goes on without it."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "tdm_native._hmac",
            sources=["src/tdm_native/_hmac.c"],
            extra_compile_args=["-O3", "-std=c11"],
            optional=True,
        )
    ]
)
