import { Injectable } from "@nestjs/common"; import { setup } from "xstate"; import { DataSource } from "typeorm"; export const x = [Injectable, setup, DataSource];
