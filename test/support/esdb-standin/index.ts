export { EsdbStandin, type EsdbStandinOptions } from './standin';
