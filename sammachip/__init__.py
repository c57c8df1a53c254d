"""The entry layer: the app factory, the command line and the worker class.

It wires the layers below (handlers, workers, flows, the domain in `bot`) and holds
no logic of its own. Importing it installs the RQ dispatch every process uses to
hand work to the workers.
"""
from sammachip.app import create_app

__all__ = ["create_app"]
